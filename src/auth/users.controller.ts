import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Roles } from './access.decorators';
import type { Actor } from './role';
import { CreatedUserDto, CreateUserDto, UserDto } from './dto/create-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Create a user bound to a role and a region; the token in the answer is shown only once. */
  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user with a role and a region; answers its token once' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<CreatedUserDto> {
    return this.users.create(actor, dto);
  }

  /** Who the presented token belongs to. */
  @Get('me')
  @ApiOperation({ summary: 'Who the presented token belongs to' })
  me(@CurrentActor() actor: Actor): UserDto {
    return { id: actor.userId, name: actor.name, role: actor.role, regionCode: actor.regionCode };
  }
}
