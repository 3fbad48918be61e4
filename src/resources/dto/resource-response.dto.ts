import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GroupResource, UserResource } from '../resources.service';

export class GroupResourceDto implements GroupResource {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'staff' }) name: string;
}

export class UserResourceDto implements UserResource {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiPropertyOptional({ description: 'With scope email or read' }) email?: string;
  @ApiPropertyOptional({ description: 'With scope email or read' }) email_verified?: boolean;
  @ApiPropertyOptional({ type: [GroupResourceDto], description: 'With scope groups or read' }) groups?: GroupResourceDto[];
}

export class ResourceErrorDto {
  @ApiProperty({ example: 'insufficient_scope' }) error: string;
  @ApiPropertyOptional() error_description?: string;
  @ApiPropertyOptional({ example: 'read profile', description: 'The scopes that would do (insufficient_scope)' }) scope?: string;
}
