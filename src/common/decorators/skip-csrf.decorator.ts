import { SetMetadata } from '@nestjs/common';

export const SKIP_CSRF = 'skipCsrf';
/** For endpoints that never rely on the session cookie (client-authenticated OAuth calls). */
export const SkipCsrf = () => SetMetadata(SKIP_CSRF, true);
