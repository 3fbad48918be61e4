import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { STAFF_ONLY } from '../decorators/staff-only.decorator';
import { LoginRequiredError } from '../errors/form.error';
import { routeMetadata } from './route-metadata';

/**
 * Secure by default: a route needs a signed-in session unless it is marked @Public(). A
 * @StaffOnly() route is a 404 for everyone but staff (this guard runs before the CSRF one).
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    if (routeMetadata<boolean>(this.reflector, STAFF_ONLY, context)) {
      if (user?.isStaff) return true;
      throw new NotFoundException();
    }
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC, context)) return true;
    if (user) return true;
    throw new LoginRequiredError();
  }
}
