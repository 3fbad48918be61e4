import { Body, Controller, Get, Header, Inject, Param, Post, Render, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import { accountsConfig, AccountsConfig } from '../config/configuration';
import { PasswordResetRequestDto, SetPasswordDto } from './dto/password-reset.dto';
import { PasswordsService } from './passwords.service';

/** The forgotten-password flow (Django's four pages, same paths). */
@Public()
@Controller('accounts')
export class PasswordResetController {
  constructor(private readonly passwords: PasswordsService, @Inject(accountsConfig.KEY) private readonly config: AccountsConfig) {}

  @Get('password_reset')
  @Render('accounts/password-reset')
  @Header('Cache-Control', 'no-store')
  requestPage() {
    return { values: {}, errors: {} };
  }

  /** The answer is the same whether or not an account uses the address. */
  @Post('password_reset')
  @UseFilters(new FormPageFilter('accounts/password-reset'))
  async request(@Body() dto: PasswordResetRequestDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.passwords.requestReset(dto.email, req.ip ?? 'unknown', req.lang);
    res.redirect(303, '/accounts/password_reset/done/');
  }

  @Get('password_reset/done')
  @Render('accounts/password-reset-done')
  requestDone() {
    return { minutes: Math.round(this.config.passwordResetTtlSeconds / 60) };
  }

  @Get('reset/done')
  @Render('accounts/password-reset-complete')
  complete() {
    return {};
  }

  @Get('reset/:uid/:token')
  @Header('Cache-Control', 'no-store')
  async confirmPage(@Param('uid') uid: string, @Param('token') token: string, @Res() res: Response): Promise<void> {
    const valid = await this.passwords.isValidLink(uid, token);
    res.status(valid ? 200 : 400).render('accounts/password-reset-confirm', { valid });
  }

  @Post('reset/:uid/:token')
  @UseFilters(new FormPageFilter('accounts/password-reset-confirm', { valid: true }))
  async confirm(@Param('uid') uid: string, @Param('token') token: string, @Body() dto: SetPasswordDto, @Res() res: Response): Promise<void> {
    await this.passwords.resetPassword(uid, token, dto);
    res.redirect(303, '/accounts/reset/done/');
  }
}
