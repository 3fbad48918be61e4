import { ApiProperty } from '@nestjs/swagger';
import type { AuthorizedApplicationView, AuthorizedTokenView } from '../../tokens/user-grants.service';

export class AuthorizedTokenResponseDto implements AuthorizedTokenView {
  @ApiProperty({ description: 'The :pk of DELETE /oauth/authorized_tokens/:pk/delete/' }) id: number;
  @ApiProperty({ example: 'read profile' }) scope: string;
  @ApiProperty({ format: 'date-time' }) issued_at: string;
  @ApiProperty({ format: 'date-time' }) expires_at: string;
}

class AuthorizedApplicationRefDto {
  @ApiProperty() id: number;
  @ApiProperty() client_id: string;
  @ApiProperty() client_name: string;
}

export class AuthorizedApplicationResponseDto implements AuthorizedApplicationView {
  @ApiProperty({ type: AuthorizedApplicationRefDto }) application: AuthorizedApplicationRefDto;
  @ApiProperty({ nullable: true, type: String, example: 'read profile', description: 'The scopes the user approved' }) consented_scope: string | null;
  @ApiProperty({ type: [AuthorizedTokenResponseDto], description: 'Live access tokens' }) tokens: AuthorizedTokenResponseDto[];
  @ApiProperty({ description: 'Live refresh tokens' }) refresh_tokens: number;
}
