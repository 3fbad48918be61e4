import { Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OAuthController, OAuthPost } from '../oauth-endpoint.decorator';
import { IntrospectionResponse, IntrospectService } from './introspect.service';

/** POST /oauth/introspect/ (RFC 7662). */
@OAuthController()
export class IntrospectController {
  constructor(private readonly introspection: IntrospectService) {}

  @OAuthPost('introspect')
  introspect(@Req() req: FastifyRequest): Promise<IntrospectionResponse> {
    return this.introspection.introspect(req);
  }
}
