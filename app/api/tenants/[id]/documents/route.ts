// POST /api/tenants/:id/documents: an owner records a tenant's document, multipart with an optional file; 201 {id}.
import { sessionRoute } from "@/app/_server/route";
import { uploadDocument } from "@/lib/documents/document-actions";
import { readDocumentForm } from "@/app/api/documents/read-document-form";

export const POST = sessionRoute(["OWNER"], async (request, actor) => {
  const form = await readDocumentForm(request);
  const tenantId = new URL(request.url).pathname.split("/").at(-2);
  return Response.json(await uploadDocument.execute(actor, { ...form, tenantId }), { status: 201 });
});
