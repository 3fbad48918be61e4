import { Body, Controller, Get, Header, HttpCode, Post, Query, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import type { SessionUser } from '../common/web/express-augment';
import { wantsJson } from '../common/web/wants-json';
import { LoginGuard } from './login.guard';
import { safeNext } from './safe-next';
import { SESSION_COOKIE } from './session.constants';

/** Sign-in, sign-out and the profile. */
@Controller('accounts')
export class AccountsController {
  @Public()
  @Get('login')
  @Render('accounts/login')
  @Header('Cache-Control', 'no-store')
  loginPage(@Query('next') next: unknown, @CurrentUser() user?: SessionUser) {
    return { next: safeNext(next, ''), alreadySignedIn: !!user };
  }

  @Public()
  @Post('login')
  @HttpCode(303)
  @UseGuards(LoginGuard)
  @UseFilters(new FormPageFilter('accounts/login'))
  login(@Req() req: Request, @Res() res: Response, @Body('next') next: unknown): void {
    if (wantsJson(req)) {
      const user = req.user!;
      res.status(200).json({ id: user.id, username: user.username, email: user.email });
      return;
    }
    res.redirect(303, safeNext(next));
  }

  @Public()
  @Post('logout')
  @HttpCode(303)
  logout(@Req() req: Request, @Res() res: Response): void {
    req.logout(() => {
      req.session?.destroy(() => {
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        if (wantsJson(req)) res.status(204).end();
        else res.redirect(303, '/accounts/login/');
      });
    });
  }
}
