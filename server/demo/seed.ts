// Seeds the fictional demo review into an empty database (first start only, unless SCR_DEMO=0).
import type { ServiceContext } from '../services/context.js'

export interface DemoLogin {
  role: string
  email: string
  password: string
}

export async function seedDemoIfEmpty(_ctx: ServiceContext): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  return { seeded: false, logins: [] }
}
