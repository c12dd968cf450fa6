import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Caller } from '@hush/domain';

export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => context.switchToHttp().getRequest<{ user: Caller }>().user,
);
