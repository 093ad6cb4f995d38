import { html, type Html } from './html.js';

export function signInPage(options: {
  next: string;
  error?: string | undefined;
  kind: string;
}): Html {
  const checked = (kind: string) => (options.kind === kind ? html` checked` : '');
  return html`<p>
      Sign in with an org's <strong>Admin API key</strong> to see and change its policies, or with a
      user's <code>email:apiToken</code> for a read-only view of what that user can see.
    </p>
    ${options.error
      ? html`<div class="notice bad" role="alert" id="sign-in-error">${options.error}</div>`
      : ''}
    <form
      method="post"
      action="/console/sign-in"
      ${options.error ? html`aria-describedby="sign-in-error"` : ''}
    >
      <input type="hidden" name="next" value="${options.next}" />
      <fieldset>
        <legend>Sign in as</legend>
        <label class="inline"
          ><input type="radio" name="kind" value="admin" ${checked('admin')} /> an org admin (Admin
          API key)</label
        >
        <label class="inline"
          ><input type="radio" name="kind" value="user" ${checked('user')} /> a user
          (email:apiToken, read-only)</label
        >
      </fieldset>
      <label for="credential">Admin API key or email:apiToken</label>
      <input type="password" id="credential" name="credential" autocomplete="off" required />
      <p><button type="submit">Sign in</button></p>
    </form>
    <p class="muted">
      The demo's key and users are printed by <code>npm start</code> and listed on
      <a href="/">the start page</a>.
    </p>`;
}
