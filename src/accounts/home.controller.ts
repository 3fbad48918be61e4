import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import type { SessionUser } from '../common/web/express-augment';

@Controller()
export class HomeController {
  @Public()
  @Get()
  @Render('home')
  home(@CurrentUser() user?: SessionUser) {
    return { signedIn: !!user };
  }
}
