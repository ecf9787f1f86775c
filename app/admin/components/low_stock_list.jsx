import React, { useEffect, useState } from 'react'
import { ApiClient } from 'adminjs'
import {
  Box,
  Button,
  H5,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'

const api = new ApiClient()

/**
 * "Low stock" (Variants): every active variant of an active product at or
 * below its own threshold, the lowest stock first, with its product's
 * name, its title and SKU, linked to the product's page where its stock
 * is adjusted.
 */
const LowStockList = ({ resource }) => {
  const [page, setPage] = useState(1)
  const [data, setData] = useState(null)
  const [error, setError] = useState(null)

  useEffect(() => {
    api
      .resourceAction({ resourceId: resource.id, actionName: 'lowStock', params: { page } })
      .then((response) => setData(response.data.lowStock))
      .catch(() => setError('The low-stock list could not be loaded'))
  }, [page])

  if (error) return <Text>{error}</Text>
  if (!data) return <Text>Loading...</Text>

  return (
    <Box variant="card" data-testid="low-stock-list">
      <H5>
        {data.meta.total} variant{data.meta.total === 1 ? '' : 's'} at or below their low-stock
        threshold
      </H5>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Product</TableCell>
            <TableCell>Variant</TableCell>
            <TableCell>SKU</TableCell>
            <TableCell style={{ textAlign: 'right' }}>Stock</TableCell>
            <TableCell style={{ textAlign: 'right' }}>Threshold</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.data.map((row) => (
            <TableRow key={row.variantId} data-testid="low-stock-row">
              <TableCell>
                <Link href={`${data.productUrl}/${row.productId}/show`}>{row.name}</Link>
              </TableCell>
              <TableCell>{row.title}</TableCell>
              <TableCell>{row.sku}</TableCell>
              <TableCell style={{ textAlign: 'right' }}>{row.stock}</TableCell>
              <TableCell style={{ textAlign: 'right' }}>{row.threshold}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.meta.lastPage > 1 && (
        <Box mt="default">
          <Button size="sm" variant="text" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          <Text as="span" mx="default">
            Page {data.meta.page} of {data.meta.lastPage}
          </Text>
          <Button
            size="sm"
            variant="text"
            disabled={page >= data.meta.lastPage}
            onClick={() => setPage(page + 1)}
          >
            Next
          </Button>
        </Box>
      )}
    </Box>
  )
}

export default LowStockList
