import React from 'react'
import { Box, Button, Text } from '@adminjs/design-system'

const FILTER = /^filters\./

/**
 * "Export CSV" (drawer over a list): a link to the CSV of this list with
 * the filters it shows now (the page's query string), e.g. the orders of
 * one status in a date range for one customer.
 */
const CsvExport = ({ resource }) => {
  const params = new URLSearchParams(window.location.search)
  const filters = new URLSearchParams()
  const shown = []
  for (const [key, value] of params.entries()) {
    if (FILTER.test(key) && value !== '') {
      filters.append(key, value)
      shown.push(`${key.replace(FILTER, '').replace('~~', ' ')}: ${value}`)
    }
  }
  const query = filters.toString()
  const href = `/admin/exports/${resource.id}.csv${query ? `?${query}` : ''}`
  return (
    <Box variant="card" data-testid="csv-export">
      <Text mb="lg">
        {shown.length
          ? `The CSV holds the ${resource.name.toLowerCase()} matching the list's filters (${shown.join(', ')}).`
          : `The CSV holds every one of the ${resource.name.toLowerCase()} (no filter is set on the list).`}
      </Text>
      <Button as="a" href={href} variant="contained" data-testid="csv-download" download>
        Download CSV
      </Button>
    </Box>
  )
}

export default CsvExport
