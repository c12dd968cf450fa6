import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

const ROBOTS = ['User-agent: *', 'Disallow: /secret', 'Disallow: /private', 'Disallow: /receipt', ''].join('\n');

@ApiExcludeController()
@Controller()
export class RobotsController {
  @Get('robots.txt')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  robots(): string {
    return ROBOTS;
  }
}
