import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';

export class RegisterDto {
  @IsString({ message: 'validation.required' })
  @Matches(/^[\p{L}\p{N}._-]{3,150}$/u, { message: 'validation.username' })
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
