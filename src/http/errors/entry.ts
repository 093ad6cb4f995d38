/** One catalogued error: its HTTP status, wire code where the API has one, meaning and fix. */
export interface CatalogueEntry {
  status: number;
  /** Code shown on the wire where the API has a code field (Admin `code`, v2 `code`). */
  wireCode?: string;
  meaning: string;
  fix: string;
}
