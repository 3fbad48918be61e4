import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** Open to visitors that are not signed in; everything else requires a session. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
