import vine from '@vinejs/vine'
import { matches, multilineText, text } from '#validators/rules'
import { emailRule } from '#validators/email'

/**
 * A change to the shop's settings (panel, admins): every field optional,
 * what is sent replaces what is stored. Text refuses control characters
 * (the address lines and the footer keep line breaks).
 */
export const shopSettingsValidator = vine.compile(
  vine.object({
    name: text().trim().minLength(1).maxLength(200).optional(),
    addressLines: multilineText().trim().minLength(1).maxLength(1000).optional(),
    postalCode: text().trim().maxLength(40).optional(),
    city: text().trim().maxLength(120).optional(),
    country: text().trim().maxLength(120).optional(),
    email: emailRule().optional(),
    currency: vine
      .string()
      .use(
        matches({ pattern: /^[A-Z]{3}$/, accepts: 'a 3-letter ISO currency code', example: 'EUR' })
      )
      .optional(),
    invoiceFooter: multilineText().trim().maxLength(2000).optional(),
    /**
     * Prices entered with tax included (EU style) or without (US style);
     * the panel's form sends "true"/"false".
     */
    pricesIncludeTax: vine.boolean().optional(),
  })
)
