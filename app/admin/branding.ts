import type { BrandingOptions } from 'adminjs'

export const branding: BrandingOptions = {
  companyName: 'Shop admin',
  withMadeWithLove: false,
  logo: false,
  theme: {
    colors: {
      primary100: '#1f6feb',
      primary80: '#3b82f6',
      primary60: '#60a5fa',
      primary40: '#93c5fd',
      primary20: '#dbeafe',
    },
  },
}
