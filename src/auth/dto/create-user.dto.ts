import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
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
}

export class CreatedUserDto {
  id: string;
  name: string;
  role: Role;
  regionCode: string;
  /** The bearer token. Shown once: only its hash is stored. */
  token: string;
}

export class UserDto {
  id: string;
  name: string;
  role: Role;
  regionCode: string;
}
