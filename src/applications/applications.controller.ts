import { Body, Controller, Delete, Get, Header, Inject, Param, Post, Put, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import type { SessionUser } from '../common/web/request-augment';
import { PkPipe } from '../common/web/pk.pipe';
import { redirectOrJson, respond } from '../common/web/respond';
import { appConfig, AppConfig } from '../config/configuration';
import { applicationFormModel, applicationFormValues, applicationPageModel, NEW_APPLICATION_DEFAULTS } from './application-form';
import { ApplicationFormInterceptor } from './application-form.interceptor';
import { ApplicationsService, toApplicationView } from './applications.service';
import { GrantCatalog } from './grant-catalog';
import { ApplicationResponseDto, ApplicationWithSecretResponseDto, ValidationFailedDto } from './dto/application-response.dto';
import { CreateApplicationDto, toApplicationInput, toApplicationUpdate } from './dto/create-application.dto';
import { UpdateApplicationDto } from './dto/update-application.dto';

const formPage = new FormPageFilter('applications/form');
const detailPath = (id: number) => `/oauth/applications/${id}/`;

/**
 * The developer's client registry (docs/PROTOCOL.md §8). Every query is scoped to the signed-in
 * owner in the service: another user's application is a 404. Pages and JSON share the routes.
 */
@ApiTags('applications')
@ApiCookieAuth('session')
@ApiSecurity('csrf')
@ApiNotFoundResponse({ description: 'Not one of your applications' })
@Controller('oauth/applications')
export class ApplicationsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly grants: GrantCatalog,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your applications' })
  @ApiOkResponse({ type: [ApplicationResponseDto] })
  async list(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const applications = (await this.apps.listOwned(user.id)).map(toApplicationView);
    const rows = applications.map((a) => applicationPageModel(a, req.lang).application);
    respond(req, res, { view: 'applications/list', title: 'applications.list.title', model: { applications: rows }, json: applications });
  }

  @Get('register')
  @ApiOperation({ summary: 'The registration form (HTML)' })
  registerPage(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const model = { mode: 'register', values: {}, ...applicationFormModel(NEW_APPLICATION_DEFAULTS, this.grants.all(), this.apps.tokenLifetimeLimits()) };
    respond(req, res, { view: 'applications/form', title: 'applications.form.registerTitle', model, json: model });
  }

  @Post('register')
  @Header('Cache-Control', 'no-store')
  @UseInterceptors(ApplicationFormInterceptor)
  @UseFilters(formPage)
  @ApiOperation({ summary: 'Register an application (RFC 7591 metadata); the answer carries client_secret, once' })
  @ApiCreatedResponse({ type: ApplicationWithSecretResponseDto })
  @ApiBadRequestResponse({ type: ValidationFailedDto })
  async register(@CurrentUser() user: SessionUser, @Body() dto: CreateApplicationDto, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const { application, clientSecret } = await this.apps.create(user.id, toApplicationInput(dto), auditActor(req));
    const view = toApplicationView(application);
    respond(req, res, {
      status: 201,
      view: 'applications/secret',
      title: 'applications.secret.title',
      model: { application: view, clientSecret, registered: true },
      json: { ...view, client_secret: clientSecret },
    });
  }

  @Get(':pk')
  @ApiOperation({ summary: 'One of your applications' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  async detail(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const application = toApplicationView(await this.apps.getOwned(user.id, pk));
    respond(req, res, {
      view: 'applications/detail',
      title: 'applications.detail.title',
      model: { ...applicationPageModel(application, req.lang), issuer: this.config.issuer },
      json: application,
    });
  }

  @Get(':pk/update')
  @ApiOperation({ summary: 'The edit form (HTML)' })
  async updatePage(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const application = toApplicationView(await this.apps.getOwned(user.id, pk));
    const model = {
      mode: 'update',
      application,
      values: applicationFormValues(application),
      ...applicationFormModel(application, this.grants.all(), this.apps.tokenLifetimeLimits(), application.client_type),
    };
    respond(req, res, { view: 'applications/form', title: 'applications.form.updateTitle', model, json: application });
  }

  @Put(':pk/update')
  @UseInterceptors(ApplicationFormInterceptor)
  @UseFilters(formPage)
  @ApiOperation({ summary: 'Replace the metadata of an application (the client type cannot change)' })
  @ApiOkResponse({ type: ApplicationResponseDto })
  @ApiBadRequestResponse({ type: ValidationFailedDto })
  async update(
    @CurrentUser() user: SessionUser,
    @Param('pk', PkPipe) pk: number,
    @Body() dto: UpdateApplicationDto,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ) {
    const application = toApplicationView(await this.apps.update(user.id, pk, toApplicationUpdate(dto), auditActor(req)));
    redirectOrJson(req, res, detailPath(pk), 'applications.detail.saved', application);
  }

  /** HTML forms cannot PUT: the edit form posts to the same path. */
  @Post(':pk/update')
  @UseInterceptors(ApplicationFormInterceptor)
  @UseFilters(formPage)
  @ApiOperation({ summary: 'Form variant of PUT (HTML)' })
  updateForm(
    @CurrentUser() user: SessionUser,
    @Param('pk', PkPipe) pk: number,
    @Body() dto: UpdateApplicationDto,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ) {
    return this.update(user, pk, dto, req, res);
  }

  @Get(':pk/rotate_secret')
  @ApiOperation({ summary: 'Confirmation page before a new secret is issued (HTML)' })
  async rotatePage(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const application = toApplicationView(await this.apps.getOwned(user.id, pk));
    respond(req, res, { view: 'applications/rotate', title: 'applications.rotate.title', model: { application }, json: application });
  }

  @Post(':pk/rotate_secret')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Issue a new client secret; the old one stops working at once' })
  @ApiOkResponse({ type: ApplicationWithSecretResponseDto })
  async rotateSecret(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const { application, clientSecret } = await this.apps.rotateSecret(user.id, pk, auditActor(req));
    const view = toApplicationView(application);
    respond(req, res, {
      view: 'applications/secret',
      title: 'applications.secret.title',
      model: { application: view, clientSecret },
      json: { ...view, client_secret: clientSecret },
    });
  }

  @Get(':pk/delete')
  @ApiOperation({ summary: 'Confirmation page before deletion (HTML)' })
  async deletePage(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const application = toApplicationView(await this.apps.getOwned(user.id, pk));
    respond(req, res, { view: 'applications/delete', title: 'applications.delete.title', model: { application }, json: application });
  }

  @Delete(':pk/delete')
  @ApiOperation({ summary: 'Delete an application; its codes, tokens and consents go with it, in one transaction' })
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    await this.apps.remove(user.id, pk, auditActor(req));
    redirectOrJson(req, res, '/oauth/applications/', 'applications.delete.done', null, 204);
  }

  /** HTML forms cannot DELETE: the confirmation page posts to the same path. */
  @Post(':pk/delete')
  @ApiOperation({ summary: 'Form variant of DELETE (HTML)' })
  removeForm(@CurrentUser() user: SessionUser, @Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.remove(user, pk, req, res);
  }
}
