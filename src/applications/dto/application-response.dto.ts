import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClientType, TokenEndpointAuthMethod } from '../application.entity';
import type { ApplicationView } from '../applications.service';
import { AUTH_METHODS, CLIENT_TYPES } from './create-application.dto';

/** What the JSON API answers about an application (never the secret's hash). */
export class ApplicationResponseDto implements ApplicationView {
  @ApiProperty({ description: 'The :pk of the management routes' }) id: number;
  @ApiProperty() client_id: string;
  @ApiProperty() client_name: string;
  @ApiProperty({ enum: CLIENT_TYPES }) client_type: ClientType;
  @ApiProperty({ type: [String] }) redirect_uris: string[];
  @ApiProperty({ type: [String] }) post_logout_redirect_uris: string[];
  @ApiProperty({ type: [String], example: ['authorization_code', 'refresh_token'] }) grant_types: string[];
  @ApiProperty({ example: 'read profile' }) scope: string;
  @ApiProperty({ enum: AUTH_METHODS }) token_endpoint_auth_method: TokenEndpointAuthMethod;
  @ApiProperty() skip_consent: boolean;
  @ApiProperty({ description: 'Read-only: staff mark an application that may introspect every token (a resource server)' }) resource_server: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds; null: the server default' }) access_token_ttl: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds; null: the server default' }) refresh_token_ttl: number | null;
  [tlsSubject: `tls_client_auth_${string}`]: string | undefined;
  @ApiPropertyOptional({ description: 'tls_client_auth: the registered certificate field, e.g. tls_client_auth_subject_dn' })
  tls_client_auth_subject_dn?: string;
  @ApiPropertyOptional({ description: 'self_signed_tls_client_auth: the certificate key(s), RFC 7591 JWK Set' }) jwks?: unknown;
  @ApiProperty() tls_client_certificate_bound_access_tokens: boolean;
  @ApiProperty() dpop_bound_access_tokens: boolean;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

/** Registration and secret rotation: the only answers that carry the secret. */
export class ApplicationWithSecretResponseDto extends ApplicationResponseDto {
  @ApiPropertyOptional({ description: 'Shown once; confidential clients only' }) client_secret?: string;
}

/** The JSON shape of a failed validation (also for every other form). */
export class ValidationFailedDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'validation_failed' }) error: string;
  @ApiProperty() message: string;
  @ApiProperty({ example: { redirect_uris: 'Redirect URIs must use https (http only for 127.0.0.1, [::1] or localhost).' } }) fields: Record<string, string>;
}
