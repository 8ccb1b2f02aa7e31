// POST /api/documents/:id/renew: an owner replaces a document with its renewal, multipart with an optional file; 201 {id}.
import { idParams, sessionRoute } from "@/app/_server/route";
import { renewDocument } from "@/lib/documents/document-actions";
import { readDocumentForm } from "@/app/api/documents/read-document-form";

export const POST = sessionRoute(
  ["OWNER"],
  async (request, actor, { id }) => {
    const form = await readDocumentForm(request);
    return Response.json(await renewDocument.execute(actor, { ...form, documentId: id }), { status: 201 });
  },
  { params: idParams },
);
