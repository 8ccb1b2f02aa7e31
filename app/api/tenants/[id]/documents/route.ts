// POST /api/tenants/:id/documents: an owner records a tenant's document, multipart with an optional file; 201 {id}.
import { idParams, sessionRoute } from "@/app/_server/route";
import { uploadDocument } from "@/lib/documents/document-actions";
import { readDocumentForm } from "@/app/api/documents/read-document-form";

export const POST = sessionRoute(
  ["OWNER"],
  async (request, actor, { id }) => {
    const form = await readDocumentForm(request);
    return Response.json(await uploadDocument.execute(actor, { ...form, tenantId: id }), { status: 201 });
  },
  { params: idParams },
);
