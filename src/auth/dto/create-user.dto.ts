import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsRegionCode } from '../../common/validation/decorators';
import { ROLES, type Role } from '../role';

export class CreateUserDto {
  /** Display name, e.g. 郾城区财政局 张三. */
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  /** The region the token acts for; it sees that region's subtree only. */
  @IsRegionCode()
  regionCode: string;

  /** Console sign-in name (3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit); unique. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,31}$/, {
    message: 'username must be 3–32 of a-z 0-9 . _ - (用户名为 3–32 位小写字母、数字或 . _ -)',
  })
  username?: string;

  /** Initial console password (10–128 characters), given with a username; the user must change it at first sign-in. */
  @ValidateIf((o: CreateUserDto) => o.password !== undefined || o.username !== undefined)
  @IsString({ message: 'password is required with a username (设置用户名时须同时设置初始密码)' })
  @Length(10, 128, { message: 'password must be 10–128 characters (密码长度须为 10–128 个字符)' })
  password?: string;
}

export class CreatedUserDto {
  id: string;
  name: string;
  role: Role;
  regionCode: string;
  /** The bearer token. Shown once: only its hash is stored. */
  token: string;
  /** Console sign-in name, when one was given. */
  username?: string;
}

export class UserDto {
  id: string;
  name: string;
  role: Role;
  regionCode: string;
}

/** An admin's new password for a user: the user must change it at next sign-in. */
export class ResetPasswordDto {
  @IsString()
  @Length(10, 128, { message: 'password must be 10–128 characters (密码长度须为 10–128 个字符)' })
  password: string;
}
