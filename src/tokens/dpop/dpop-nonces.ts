import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { safeEqual } from '../../common/crypto/tokens';
import { sessionConfig, SessionConfig } from '../../config/configuration';

const WINDOW_SECONDS = 300;

/**
 * Server nonces (RFC 9449 §8, §9) that need no storage: a time window and its HMAC under a key
 * derived from SESSION_SECRET, so every instance issues and accepts the same ones. A nonce is
 * good in its window and the next (5 to 10 minutes).
 */
@Injectable()
export class DpopNonces {
  private readonly key: Buffer;

  constructor(@Inject(sessionConfig.KEY) config: SessionConfig) {
    this.key = createHmac('sha256', config.secret).update('dpop-nonce').digest();
  }

  current(now = Date.now()): string {
    return this.forWindow(Math.floor(now / 1000 / WINDOW_SECONDS));
  }

  valid(nonce: unknown, now = Date.now()): boolean {
    if (typeof nonce !== 'string' || nonce.length > 64) return false;
    const window = Math.floor(now / 1000 / WINDOW_SECONDS);
    return safeEqual(nonce, this.forWindow(window)) || safeEqual(nonce, this.forWindow(window - 1));
  }

  private forWindow(window: number): string {
    const w = window.toString(36);
    return `${w}.${createHmac('sha256', this.key).update(w).digest('base64url')}`;
  }
}
