import send from '@fastify/send'

/** The same content type @fastify/send would pick, so memory and disk answers agree. */
export function contentTypeFor (filePath: string): string {
  const type = send.mime.getType(filePath) ?? 'application/octet-stream'
  return send.isUtf8MimeType(type) ? `${type}; charset=utf-8` : type
}
