import { Controller, Delete, Get, Header, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import type { SessionUser } from '../common/web/request-augment';
import { PkPipe } from '../common/web/pk.pipe';
import { redirectOrJson, respond } from '../common/web/respond';
import { authorizedApplicationsPage, tokenPage } from './authorized-tokens.page';
import { UserGrantsService } from '../tokens/user-grants.service';
import { AuthorizedApplicationResponseDto } from './dto/authorized-token-response.dto';

const LIST = '/oauth/authorized_tokens/';

/** What the signed-in user has authorized (docs/PROTOCOL.md §7); scoped to that user in every query. */
@ApiTags('authorized tokens')
@ApiCookieAuth('session')
@ApiSecurity('csrf')
@ApiNotFoundResponse({ description: 'Not one of your live tokens / authorized applications' })
@Controller('oauth/authorized_tokens')
export class AuthorizedTokensController {
  constructor(private readonly grants: UserGrantsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Your live grants, grouped by application' })
  @ApiOkResponse({ type: [AuthorizedApplicationResponseDto] })
  async list(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const grants = await this.grants.listForUser(user.id);
    respond(req, res, {
      view: 'authorized-tokens/list',
      title: 'authorizedTokens.list.title',
      model: authorizedApplicationsPage(grants, req.lang),
      json: grants,
    });
  }

  @Get('applications/:pk/delete')
  @ApiOperation({ summary: 'Confirmation page before revoking an application (HTML)' })
  async revokeApplicationPage(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const grant = await this.grants.getAuthorizedApplication(user.id, pk);
    respond(req, res, { view: 'authorized-tokens/revoke-application', title: 'authorizedTokens.revokeApplication.title', model: { grant }, json: grant });
  }

  @Delete('applications/:pk/delete')
  @ApiOperation({ summary: 'Revoke every token of one application and forget the consent (`:pk` is the application id)' })
  @ApiNoContentResponse()
  async revokeApplication(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    await this.grants.revokeApplication(user.id, pk, auditActor(req));
    redirectOrJson(req, res, LIST, 'authorizedTokens.revokeApplication.done', null, 204);
  }

  /** HTML forms cannot DELETE: the confirmation page posts to the same path. */
  @Post('applications/:pk/delete')
  @ApiOperation({ summary: 'Form variant of DELETE (HTML)' })
  revokeApplicationForm(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.revokeApplication(user, pk, req, res);
  }

  @Get(':pk/delete')
  @ApiOperation({ summary: 'Confirmation page before revoking a token (HTML)' })
  async revokePage(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const token = await this.grants.getLiveToken(user.id, pk);
    respond(req, res, { view: 'authorized-tokens/revoke', title: 'authorizedTokens.revoke.title', model: tokenPage(token, req.lang), json: token });
  }

  @Delete(':pk/delete')
  @ApiOperation({ summary: 'Revoke an access token and its refresh token, at once, on every instance' })
  @ApiNoContentResponse()
  async revoke(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    await this.grants.revokeToken(user.id, pk, auditActor(req));
    redirectOrJson(req, res, LIST, 'authorizedTokens.revoke.done', null, 204);
  }

  /** HTML forms cannot DELETE: the confirmation page posts to the same path. */
  @Post(':pk/delete')
  @ApiOperation({ summary: 'Form variant of DELETE (HTML)' })
  revokeForm(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.revoke(user, pk, req, res);
  }
}
