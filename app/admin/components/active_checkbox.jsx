import React, { useEffect } from 'react'
import { CheckBox, FormGroup, Label } from '@adminjs/design-system'

const isSet = (value) => value !== undefined && value !== null && value !== ''

/**
 * "Is active" on the product form. A new product is active unless the box
 * is unticked, as in the API (`is_active` defaults to true): the box starts
 * ticked and the form always sends what it shows.
 */
const ActiveCheckbox = ({ property, record, onChange }) => {
  const value = record.params[property.path]
  const isNew = !record.id
  useEffect(() => {
    if (isNew && !isSet(value)) {
      onChange(property.path, true)
    }
  }, [])
  const checked = isSet(value) ? value === true || value === 'true' : isNew
  return (
    <FormGroup>
      <CheckBox
        id={property.path}
        name={property.path}
        checked={checked}
        onChange={() => onChange(property.path, !checked)}
      />
      <Label inline htmlFor={property.path} ml="default">
        {property.label}
      </Label>
    </FormGroup>
  )
}

export default ActiveCheckbox
