import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

// A form sends a field once per value; the last of a checkbox's hidden "false" and its "on" wins.
const last = (v: unknown) => (Array.isArray(v) ? (v as unknown[]).at(-1) : v);
const asBoolean = ({ value }: { value: unknown }) => {
  const v = last(value);
  if (v === true || v === 'true' || v === 'on') return true;
  if (v === false || v === 'false') return false;
  return v;
};
const asIds = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value]).filter((v) => v !== '').map((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v));
const asId = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

/** PUT /admin/users/:pk/ (and its form): what staff may change about a user. */
export class UpdateUserDto {
  @IsOptional()
  @IsString({ message: 'validation.required' })
  @MaxLength(254, { message: 'validation.tooLong' })
  @IsEmail({}, { message: 'validation.email' })
  email?: string;

  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean({ message: 'validation.invalid' })
  is_staff?: boolean;

  /** Group ids: the user's complete list. */
  @IsOptional()
  @Transform(asIds)
  @IsArray({ message: 'validation.invalid' })
  @ArrayMaxSize(100, { message: 'validation.invalid' })
  @IsInt({ each: true, message: 'validation.invalid' })
  @Min(1, { each: true, message: 'validation.invalid' })
  groups?: number[];
}

/** POST /admin/applications/:pk/resource_server/ */
export class ResourceServerDto {
  @Transform(asBoolean)
  @IsBoolean({ message: 'validation.invalid' })
  resource_server: boolean;
}

/** A group's name (create, rename). */
export class GroupNameDto {
  @IsString({ message: 'validation.required' })
  @Matches(/^[\w.@+-]{1,150}$/, { message: 'admin.groups.nameFormat' })
  name: string;
}

/** POST /admin/groups/:pk/members/ */
export class AddMemberDto {
  @Transform(asId)
  @IsInt({ message: 'admin.groups.unknownUser' })
  @Min(1, { message: 'admin.groups.unknownUser' })
  user_id: number;
}
