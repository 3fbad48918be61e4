import { CreateApplicationDto } from './create-application.dto';

/**
 * PUT replaces the client metadata as a whole (RFC 7592 §2.2), so it takes the same fields
 * as registration. The client type cannot change; when neither client_type nor the auth
 * method is sent, the application keeps its type.
 */
export class UpdateApplicationDto extends CreateApplicationDto {}
