import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';
import type { ClientType, TlsSubjectField, TokenEndpointAuthMethod } from '../application.entity';
import { redirectUriProblem, SCOPES } from '../application-rules';
import { TLS_SUBJECT_FIELDS } from '../certificate-subject';
import type { ApplicationInput } from '../applications.service';

export const CLIENT_TYPES: ClientType[] = ['confidential', 'public'];
export const AUTH_METHODS: TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none', 'tls_client_auth', 'self_signed_tls_client_auth'];

// HTML forms send one value as a string and several as an array; JSON sends arrays.
const asList = ({ value }: { value: unknown }) => (value === undefined || value === null ? value : Array.isArray(value) ? value : [value]);
// The textarea holds one redirect URI a line.
const asLines = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
// Scope checkboxes arrive as a list; RFC 7591 `scope` is space-separated.
const asScopeString = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.join(' ') : value);
// An empty <select> means "not chosen".
const emptyAsUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
// A lifetime: the form sends digits as text or '' (not set), JSON a number or null (not set).
const asSeconds = ({ value }: { value: unknown }) =>
  value === '' || value === null ? undefined : typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value) : value;

// The form's textarea sends the JWK Set as JSON text; JSON requests send the object.
const asJson = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};
// A checkbox sends "true" when ticked and nothing otherwise; JSON sends a boolean.
const asFlag = ({ value }: { value: unknown }) => (value === 'true' || value === 'on' ? true : value);

/** Every URI acceptable to redirectUriProblem(); the message names the first problem. */
function IsRedirectUriList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRedirectUriList',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((u) => typeof u === 'string' && !redirectUriProblem(u)),
        defaultMessage: (args?: ValidationArguments) => {
          const list = Array.isArray(args?.value) ? (args!.value as unknown[]) : [];
          const bad = list.find((u) => typeof u !== 'string' || redirectUriProblem(u));
          return typeof bad === 'string' ? redirectUriProblem(bad)! : 'applications.errors.redirectUriInvalid';
        },
      },
    });
}

/** A space-separated list, at least one; which scopes exist is checked (and named) by ApplicationsService. */
function IsScopeList(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isScopeList',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim() !== '',
        defaultMessage: () => 'applications.errors.scopeRequired',
      },
    });
}

/** Registration (RFC 7591 client metadata names); the HTML form posts the same names. */
export class CreateApplicationDto {
  @ApiProperty({ example: 'My photo app', maxLength: 255 })
  @IsString({ message: 'validation.required' })
  @IsNotEmpty({ message: 'validation.required' })
  @MaxLength(255, { message: 'validation.tooLong' })
  client_name: string;

  @ApiProperty({ type: [String], example: ['https://app.example.com/callback'], description: 'Absolute; https except loopback; no fragment.' })
  @Transform(asLines)
  @IsArray({ message: 'applications.errors.redirectUriInvalid' })
  @ArrayMaxSize(20, { message: 'applications.errors.tooManyRedirectUris' })
  @IsRedirectUriList()
  redirect_uris: string[] = [];

  @ApiPropertyOptional({
    type: [String],
    example: ['https://app.example.com/signed-out'],
    description: 'OpenID Connect RP-Initiated Logout: where /oauth/logout/ may send the user afterwards; matched exactly. Same rules as redirect_uris.',
  })
  @Transform(asLines)
  @IsOptional()
  @IsArray({ message: 'applications.errors.redirectUriInvalid' })
  @ArrayMaxSize(20, { message: 'applications.errors.tooManyRedirectUris' })
  @IsRedirectUriList()
  post_logout_redirect_uris?: string[];

  @ApiProperty({
    type: [String],
    example: ['authorization_code', 'refresh_token'],
    description: 'Grant types of the registry: `grant_types_supported` in the metadata, plus implicit where enabled',
  })
  @Transform(asList)
  @IsArray({ message: 'applications.errors.grantTypesRequired' })
  @ArrayNotEmpty({ message: 'applications.errors.grantTypesRequired' })
  @ArrayMaxSize(20, { message: 'applications.errors.unknownGrant' })
  // Which names exist is the grant registry's word (ApplicationsService checks it).
  @IsString({ each: true, message: 'applications.errors.unknownGrant' })
  @MaxLength(100, { each: true, message: 'applications.errors.unknownGrant' })
  grant_types: string[];

  @ApiProperty({ example: 'read profile email', description: `Space-separated, from: ${SCOPES.join(', ')}` })
  @Transform(asScopeString)
  @IsScopeList()
  scope: string;

  @ApiPropertyOptional({ enum: AUTH_METHODS, description: '`none` makes a public client; default client_secret_basic (confidential) or none (public)' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsIn(AUTH_METHODS, { message: 'applications.errors.unknownAuthMethod' })
  token_endpoint_auth_method?: TokenEndpointAuthMethod;

  @ApiPropertyOptional({ enum: CLIENT_TYPES, description: 'Derived from token_endpoint_auth_method when absent' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsIn(CLIENT_TYPES, { message: 'applications.errors.unknownClientType' })
  client_type?: ClientType;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Seconds, 60 to ACCESS_TOKEN_TTL_MAX_SECONDS; unset: ACCESS_TOKEN_TTL_SECONDS' })
  @Transform(asSeconds)
  @IsOptional()
  @IsInt({ message: 'applications.errors.ttlNotInteger' })
  access_token_ttl?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Seconds, 300 to REFRESH_TOKEN_TTL_MAX_SECONDS; unset: REFRESH_TOKEN_TTL_SECONDS' })
  @Transform(asSeconds)
  @IsOptional()
  @IsInt({ message: 'applications.errors.ttlNotInteger' })
  refresh_token_ttl?: number;

  // RFC 8705 §2.1.2: one of these names the certificate field of a tls_client_auth client (ApplicationsService checks it).
  @ApiPropertyOptional({ example: 'CN=client.example,O=Example,C=DE', description: 'RFC 4514 subject DN (tls_client_auth)' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString({ message: 'applications.errors.tlsSubject.subject_dn' })
  @MaxLength(1000, { message: 'applications.errors.tlsSubject.subject_dn' })
  tls_client_auth_subject_dn?: string;

  @ApiPropertyOptional({ example: 'client.example', description: 'dNSName SAN (tls_client_auth)' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString({ message: 'applications.errors.tlsSubject.san_dns' })
  @MaxLength(1000, { message: 'applications.errors.tlsSubject.san_dns' })
  tls_client_auth_san_dns?: string;

  @ApiPropertyOptional({ example: 'https://client.example/id', description: 'uniformResourceIdentifier SAN (tls_client_auth)' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString({ message: 'applications.errors.tlsSubject.san_uri' })
  @MaxLength(1000, { message: 'applications.errors.tlsSubject.san_uri' })
  tls_client_auth_san_uri?: string;

  @ApiPropertyOptional({ example: '192.0.2.10', description: 'iPAddress SAN (tls_client_auth)' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString({ message: 'applications.errors.tlsSubject.san_ip' })
  @MaxLength(1000, { message: 'applications.errors.tlsSubject.san_ip' })
  tls_client_auth_san_ip?: string;

  @ApiPropertyOptional({ example: 'client@example.com', description: 'rfc822Name SAN (tls_client_auth)' })
  @Transform(emptyAsUndefined)
  @IsOptional()
  @IsString({ message: 'applications.errors.tlsSubject.san_email' })
  @MaxLength(1000, { message: 'applications.errors.tlsSubject.san_email' })
  tls_client_auth_san_email?: string;

  @ApiPropertyOptional({ description: 'RFC 7591 JWK Set: the public key(s) of a self_signed_tls_client_auth certificate' })
  @Transform(asJson)
  @IsOptional()
  @IsObject({ message: 'applications.errors.jwksInvalid' })
  jwks?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'RFC 8705 §3: bind access and refresh tokens to the client certificate' })
  @Transform(asFlag)
  @IsOptional()
  @IsBoolean({ message: 'applications.errors.flagInvalid' })
  tls_client_certificate_bound_access_tokens?: boolean;

  @ApiPropertyOptional({ description: 'RFC 9449 §5.2: every token request must carry a DPoP proof' })
  @Transform(asFlag)
  @IsOptional()
  @IsBoolean({ message: 'applications.errors.flagInvalid' })
  dpop_bound_access_tokens?: boolean;
}

/** The service's input from a validated form; the client type follows the auth method when not given. */
export function toApplicationUpdate(dto: CreateApplicationDto): Omit<ApplicationInput, 'clientType'> & { clientType?: ClientType } {
  const method = dto.token_endpoint_auth_method;
  return {
    name: dto.client_name,
    clientType: dto.client_type ?? (method === 'none' ? 'public' : method ? 'confidential' : undefined),
    grantTypes: dto.grant_types,
    redirectUris: dto.redirect_uris ?? [],
    postLogoutRedirectUris: dto.post_logout_redirect_uris ?? [],
    scopes: dto.scope.trim().split(/\s+/),
    tokenEndpointAuthMethod: method,
    accessTokenTtl: dto.access_token_ttl ?? null,
    refreshTokenTtl: dto.refresh_token_ttl ?? null,
    tlsSubject: Object.fromEntries(
      TLS_SUBJECT_FIELDS.map((field) => [field, dto[`tls_client_auth_${field}`]] as const).filter(([, value]) => value !== undefined),
    ) as Partial<Record<TlsSubjectField, string>>,
    jwks: dto.jwks ?? null,
    tlsBoundTokens: dto.tls_client_certificate_bound_access_tokens ?? false,
    dpopBoundTokens: dto.dpop_bound_access_tokens ?? false,
  };
}

/** Registration: neither client_type nor auth method given means a confidential client. */
export function toApplicationInput(dto: CreateApplicationDto): ApplicationInput {
  const input = toApplicationUpdate(dto);
  return { ...input, clientType: input.clientType ?? 'confidential' };
}
