// The service navigation bar: only the areas the signed-in user's role can use.
import type { User } from '../data/schema.js'

export interface NavItem {
  text: string
  href: string
  active: boolean
}

export function navigationFor(user: User | null, url: string): NavItem[] {
  if (!user) return []
  const path = url.split('?')[0] ?? '/'
  const items: { text: string; href: string; match: (p: string) => boolean }[] = []
  if (user.role !== 'national') items.push({ text: 'Reviews', href: '/', match: (p) => p === '/' || p.startsWith('/reviews') })
  if (user.role === 'national') items.push({ text: 'National learning', href: '/national', match: (p) => p.startsWith('/national') })
  if (user.role === 'admin') items.push({ text: 'Administration', href: '/admin', match: (p) => p.startsWith('/admin') })
  items.push({ text: 'Typology', href: '/typology', match: (p) => p.startsWith('/typology') })
  items.push({ text: 'Your account', href: '/account', match: (p) => p.startsWith('/account') })
  return items.map(({ text, href, match }) => ({ text, href, active: match(path) }))
}
