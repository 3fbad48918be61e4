export const SESSION_COOKIE = 'auth_center_sid';
