// Entry point `@hush/api/http-adapter`: the Express adapter the bench's bare Nest reference runs on.
export { PrototypeStableExpressAdapter } from './http/prototype-stable-express.adapter';
