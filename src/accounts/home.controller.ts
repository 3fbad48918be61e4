import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { render } from '../common/web/views';

@Controller()
export class HomeController {
  @Public()
  @Get()
  home(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'home', { signedIn: !!req.user });
  }
}
