import { Body, Controller, Get, Header, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { Public } from '../common/decorators/public.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import { Policy } from '../common/web/route-policy';
import { render } from '../common/web/views';
import { accountsConfig, AccountsConfig } from '../config/configuration';
import { PasswordResetRequestDto, SetPasswordDto } from './dto/password-reset.dto';
import { PasswordsService } from './passwords.service';

/** The forgotten-password flow (Django's four pages, same paths). */
@Public()
@Controller('accounts')
export class PasswordResetController {
  constructor(
    private readonly passwords: PasswordsService,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
  ) {}

  @Get('password_reset')
  @Header('Cache-Control', 'no-store')
  requestPage(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'accounts/password-reset', { values: {}, errors: {} });
  }

  /** The answer is the same whether or not an account uses the address. */
  @Post('password_reset')
  @UseFilters(new FormPageFilter('accounts/password-reset'))
  async request(@Body() dto: PasswordResetRequestDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.passwords.requestReset(dto.email, auditActor(req), req.lang);
    res.redirect('/accounts/password_reset/done/', 303);
  }

  @Get('password_reset/done')
  requestDone(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'accounts/password-reset-done', { minutes: Math.round(this.config.passwordResetTtlSeconds / 60) });
  }

  @Get('reset/done')
  complete(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'accounts/password-reset-complete');
  }

  @Policy({ secretInPath: true })
  @Get('reset/:uid/:token')
  @Header('Cache-Control', 'no-store')
  async confirmPage(@Param('uid') uid: string, @Param('token') token: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const valid = await this.passwords.isValidLink(uid, token);
    render(req, res, 'accounts/password-reset-confirm', { valid }, valid ? 200 : 400);
  }

  @Policy({ secretInPath: true })
  @Post('reset/:uid/:token')
  @UseFilters(new FormPageFilter('accounts/password-reset-confirm', { valid: true }))
  async confirm(
    @Param('uid') uid: string,
    @Param('token') token: string,
    @Body() dto: SetPasswordDto,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.passwords.resetPassword(uid, token, dto, auditActor(req));
    res.redirect('/accounts/reset/done/', 303);
  }
}
