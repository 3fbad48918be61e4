import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class PasswordResetRequestDto {
  @IsString({ message: 'validation.required' })
  @MaxLength(254, { message: 'validation.tooLong' })
  @IsEmail({}, { message: 'validation.email' })
  email: string;
}

export class SetPasswordDto {
  @IsString({ message: 'validation.required' })
  @Length(8, 256, { message: 'validation.passwordLength' })
  new_password1: string;

  @IsString({ message: 'validation.required' })
  @MaxLength(256, { message: 'validation.passwordLength' })
  new_password2: string;
}

export class ChangePasswordDto extends SetPasswordDto {
  @IsString({ message: 'validation.required' })
  @Length(1, 1024, { message: 'validation.required' })
  current_password: string;
}
