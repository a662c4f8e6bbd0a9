/**
 * What an attachment (附件: a scan or photo of a document) may be — the upload routes refuse anything else
 * (functions/api/routes/attachments.ts), and the mini-app checks the same before it uploads.
 */

/** One file at most this large; FC's synchronous HTTP body limit is 32 MB, a document scan stays far below. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The Content-Types the upload routes take; `application/octet-stream` for a client that cannot tell. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'] as const;
