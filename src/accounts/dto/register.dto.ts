import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { USERNAME_FORMAT } from '../username-rules';

export class RegisterDto {
  @IsString({ message: 'validation.required' })
  @Matches(USERNAME_FORMAT, { message: 'validation.username' })
  username: string;

  @IsString({ message: 'validation.required' })
  @MaxLength(254, { message: 'validation.tooLong' })
  @IsEmail({}, { message: 'validation.email' })
  email: string;

  @IsString({ message: 'validation.required' })
  @Length(8, 256, { message: 'validation.passwordLength' })
  password: string;

  @IsString({ message: 'validation.required' })
  @MaxLength(256, { message: 'validation.passwordLength' })
  password2: string;
}
