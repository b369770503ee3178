/**
 * A cancelled verification, apart from the pool itself so that a page can tell it from a failure
 * without loading the pool before anything is verified.
 */

/** A run was cancelled by its caller; nothing it would have produced should be kept. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled: nothing was changed.');
    this.name = 'Cancelled';
  }
}

export const isCancelled = (error: unknown): error is Cancelled => error instanceof Cancelled;
