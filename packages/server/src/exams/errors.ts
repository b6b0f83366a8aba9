import { PantauError } from '../errors.js';

/** Why an ingestion was refused; `item` is the index in the batch, `field` the offending input. */
export type IngestionErrorCode =
  | 'BATCH_TOO_LARGE'
  | 'BATCH_EMPTY'
  | 'BATCH_CONFLICT'
  | 'INVALID_BATCH_ID'
  | 'DUPLICATE_PARTICIPANT'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_NOT_RUNNING'
  | 'WRONG_STAGE'
  | 'UNKNOWN_PARTICIPANT'
  | 'INVALID_SCORE'
  | 'RESULT_ALREADY_FINAL'
  | 'PARTICIPANT_DISQUALIFIED'
  | 'INVALID_SESSION'
  | 'SITE_NOT_FOUND'
  | 'NOT_ELIGIBLE'
  | 'ALREADY_SCHEDULED';

/**
 * A refused ingestion. Nothing of the batch was written. The GraphQL layer turns it into a typed
 * error whose `field` points at the item, e.g. `results[3].twk`.
 */
export class IngestionError extends PantauError {
  declare readonly code: IngestionErrorCode;
  declare readonly field: string;

  constructor(code: IngestionErrorCode, message: string, field: string) {
    super(code, message, { field });
    this.name = 'IngestionError';
  }
}
