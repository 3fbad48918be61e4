import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Ends what a user's old credentials gave out, writing through `em` (the password's transaction). */
export type CredentialsChangedListener = (userId: number, em: EntityManager) => Promise<void>;

/**
 * "The credentials of user X changed" (a password reset or change): accounts ends the user's
 * sessions, and modules above it (tokens: the OAuth grants) register here what else must end.
 * Accounts cannot import them, so they register into it at start. The listeners run inside the
 * transaction that stores the new password: if one fails, nothing is changed.
 */
@Injectable()
export class CredentialsChangedHooks {
  private readonly listeners: CredentialsChangedListener[] = [];

  register(listener: CredentialsChangedListener): void {
    this.listeners.push(listener);
  }

  async notify(userId: number, em: EntityManager): Promise<void> {
    // One after another: a transaction has a single connection.
    for (const listener of this.listeners) await listener(userId, em);
  }
}
