import { ApiError } from '../../errors/catalogue.js';
import type { Denials } from '../../door/authorize.js';

/** How the space classification endpoints refuse: no such (visible) space, or not its admin. */
export const spaceNotFound = (id: string) =>
  new ApiError('CLASSIFICATION_SPACE_NOT_FOUND', `No space found with id: ${id}`);

export const SPACE_DENIALS: Denials = {
  notFound: spaceNotFound,
  forbidden: ({ title }) =>
    new ApiError(
      'CLASSIFICATION_FORBIDDEN',
      `Changing the default classification level of space ${title} needs the space Admin permission`,
    ),
};
