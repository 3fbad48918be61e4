import { SetMetadata } from '@nestjs/common';

export const STAFF_ONLY = 'staffOnly';
/**
 * Staff only (the operator console): anyone else, signed in or not, gets a 404, before the
 * sign-in and CSRF checks could tell them the route exists.
 */
export const StaffOnly = () => SetMetadata(STAFF_ONLY, true);
