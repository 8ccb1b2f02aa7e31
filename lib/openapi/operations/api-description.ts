import { z } from "zod";
import type { ApiOperation } from "../types";

export const apiDescriptionOperations: ApiOperation[] = [
  {
    methods: ["get"],
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "API description",
    summary: "This document",
    description:
      "The OpenAPI 3.1 description of the machine API and its webhooks, generated from the schemas the " +
      "routes validate with. Public (no API key) and cacheable; feed it to a client generator.",
    scope: null,
    neverInternalError: true,
    responses: {
      200: {
        description: "The OpenAPI document.",
        schema: z.looseObject({ openapi: z.literal("3.1.0") }),
        headers: ["ETag", "Cache-Control"],
      },
      304: { description: "Not modified (If-None-Match matched the ETag)." },
    },
  },
];
