// The audit chain's keyed hash, carried by the Kysely handle itself. Every Kysely instance opened by database.ts
// has this plugin, and transactions inherit their parent's plugins, so whatever executor a service is handed can
// hash with the key its process was given, on either engine, and the key is never sent to or stored in the
// database. A handle opened without the plugin cannot append to the chain.
import { createHmac, randomBytes } from 'node:crypto'
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

export class AuditKeyPlugin implements KyselyPlugin {
  readonly #key: Buffer

  /** Without a key (an in-memory database), a throwaway one: the chain still holds together for that run. */
  constructor(key?: Buffer) {
    this.#key = key ?? randomBytes(32)
  }

  mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('hex')
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return node
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  }
}

/** HMAC-SHA-256 (hex) of each text with the audit key this handle was opened with. */
export function auditMacs(db: Kysely<any>, texts: readonly string[]): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  // getExecutor() is internal in Kysely's types but is how a handle's plugins are reached (see engine.ts).
  const plugin = db.getExecutor().plugins.find((p): p is AuditKeyPlugin => p instanceof AuditKeyPlugin)
  if (!plugin) throw new Error('This database handle was opened without the audit key, so it cannot write or check the audit trail')
  return texts.map((t) => plugin.mac(t))
}
