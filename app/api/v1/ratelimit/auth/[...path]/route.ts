// /api/v1/ratelimit/auth/<client path>: the same check, where Envoy's ext_authz (path_prefix) asks.
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from "../route";
