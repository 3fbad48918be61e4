import { Controller, Get, Header, Param, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BearerAuth, BearerToken } from '../tokens/bearer/bearer-auth.decorator';
import { BearerErrorFilter } from '../tokens/bearer/bearer-error.filter';
import type { VerifiedAccessToken } from '../tokens/access-token-verifier.service';
import { translate } from '../common/i18n/i18n';
import { render } from '../common/web/views';
import { GroupResourceDto, ResourceErrorDto, UserResourceDto } from './dto/resource-response.dto';
import { parseResourcePk, ResourceFormat } from './resource-path';
import { ResourcesService } from './resources.service';

const PK = { name: 'pk', description: '`5`, `5.json` (the default format) or `5.html`', example: '5.json' };

/** The resource APIs client applications call with a Bearer token (RFC 6750; docs/PROTOCOL.md §6). */
@ApiTags('resources')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({
  type: ResourceErrorDto,
  description:
    '`token_required` when no Bearer token was sent (a bare challenge), `invalid_token` for a malformed, expired or revoked one (with WWW-Authenticate)',
})
@ApiForbiddenResponse({ type: ResourceErrorDto, description: '`insufficient_scope`, or `user_token_required` for a client_credentials token' })
@ApiNotFoundResponse({ type: ResourceErrorDto, description: 'Not a resource this token may see' })
@UseFilters(BearerErrorFilter)
@Controller('accounts/resource')
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Get('user/:pk')
  @BearerAuth('read', 'profile')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The user who authorized the token (scope read or profile; e-mail with email or read; groups with groups or read)' })
  @ApiParam(PK)
  @ApiOkResponse({ type: UserResourceDto })
  async user(@Param('pk') raw: string, @BearerToken() token: VerifiedAccessToken, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const { pk, format } = parseResourcePk(raw);
    send(req, res, format, 'resources/user', { user: await this.resources.user(token, pk) }, 'user');
  }

  @Get('group/:pk')
  @BearerAuth('groups', 'read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A group the token's user belongs to (scope groups or read)" })
  @ApiParam(PK)
  @ApiOkResponse({ type: GroupResourceDto })
  async group(@Param('pk') raw: string, @BearerToken() token: VerifiedAccessToken, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const { pk, format } = parseResourcePk(raw);
    send(req, res, format, 'resources/group', { group: await this.resources.group(token, pk) }, 'group');
  }
}

/** JSON by default; `.html` is a small page of its own (no site navigation: the caller is a client). */
function send(req: FastifyRequest, res: FastifyReply, format: ResourceFormat, view: string, model: Record<string, unknown>, key: string): void {
  if (format === 'json') {
    res.send(model[key]);
    return;
  }
  render(req, res, view, { ...model, title: translate(req.lang, `resources.${key}.title`) }, undefined, 'resources/layout');
}
