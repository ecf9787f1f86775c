import React, { useState } from 'react'
import { ApiClient } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  FormGroup,
  Label,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'

const api = new ApiClient()

const ACTION_COLORS = {
  create: 'success',
  update: 'info',
  unchanged: 'secondary',
  refused: 'danger',
}

function errorMessages(failure) {
  const errors =
    failure && failure.response && failure.response.data && failure.response.data.errors
  return errors && errors.length ? errors.map((error) => error.message) : ['The request failed: try again.']
}

function describe(row) {
  if (row.action === 'refused') {
    return row.errors.map((error) => `${error.column}: ${error.message}`).join('; ')
  }
  const fields = Object.entries(row.changes)
  if (!fields.length) return 'No change'
  return fields
    .map(([column, change]) =>
      row.action === 'create'
        ? `${column} = ${change.to}`
        : `${column}: ${change.from === null ? '(empty)' : change.from} → ${change.to}`
    )
    .join('; ')
}

/**
 * "Import CSV" (products): choose a file, see row by row what it would
 * create or change and which rows are refused and why (the API's
 * validators' messages), then apply it: every row in one transaction, or
 * nothing. Stock is not imported (it changes with "Adjust stock").
 */
const ProductImport = ({ resource }) => {
  const [file, setFile] = useState(null)
  const [plan, setPlan] = useState(null)
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState([])
  const [done, setDone] = useState(null)

  const send = async (mode) => {
    setBusy(true)
    setErrors([])
    setDone(null)
    const data = new FormData()
    data.append('mode', mode)
    data.append('file', file)
    try {
      const response = await api.resourceAction({
        resourceId: resource.id,
        actionName: 'importCsv',
        data,
      })
      setPlan(response.data.importPlan)
      if (mode === 'apply') {
        setDone(response.data.notice ? response.data.notice.message : 'Imported')
      }
    } catch (failure) {
      setErrors(errorMessages(failure))
    } finally {
      setBusy(false)
    }
  }

  const choose = (event) => {
    setFile(event.target.files && event.target.files[0])
    setPlan(null)
    setErrors([])
    setDone(null)
  }

  return (
    <Box variant="card" data-testid="product-import">
      <Text mb="lg">
        Columns: slug, name, description, price, category_slug, low_stock_threshold, is_active
        (the products export writes them). Rows are matched by slug: a known slug updates that
        product, a new one creates it. An empty cell keeps the product's value. Stock is not
        imported: use "Adjust stock".
      </Text>
      {done && <MessageBox mb="lg" variant="success" message={done} data-testid="import-done" />}
      {errors.length > 0 && (
        <Box mb="lg" data-testid="import-errors">
          {errors.map((message, index) => (
            <MessageBox key={index} mb="sm" variant="danger" message={message} />
          ))}
        </Box>
      )}
      <FormGroup>
        <Label htmlFor="import-file">CSV file</Label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" onChange={choose} />
      </FormGroup>
      <Button
        mr="default"
        variant="outlined"
        disabled={busy || !file}
        onClick={() => send('preview')}
      >
        Preview
      </Button>
      <Button
        variant="contained"
        disabled={busy || !file || !plan || done}
        onClick={() => send('apply')}
        data-testid="import-apply"
      >
        Apply import
      </Button>

      {plan && (
        <Box mt="xl" data-testid="import-preview">
          <Text mb="default" data-testid="import-counts">
            {plan.counts.create} to create, {plan.counts.update} to change,{' '}
            {plan.counts.unchanged} unchanged, {plan.counts.refused} refused
            {plan.ignoredColumns.length ? ` (column ignored: ${plan.ignoredColumns.join(', ')})` : ''}
          </Text>
          {plan.counts.refused > 0 && (
            <MessageBox
              mb="default"
              variant="danger"
              message="Refused rows: applying this file would change nothing. Fix them and preview again."
            />
          )}
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>Line</TableCell>
                <TableCell>Slug</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>What happens</TableCell>
                <TableCell>Details</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.rows.map((row) => (
                <TableRow key={row.line} data-testid={`import-row-${row.action}`}>
                  <TableCell>{row.line}</TableCell>
                  <TableCell>{row.slug}</TableCell>
                  <TableCell>{row.name}</TableCell>
                  <TableCell>
                    <Badge variant={ACTION_COLORS[row.action]}>{row.action}</Badge>
                  </TableCell>
                  <TableCell>{describe(row)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  )
}

export default ProductImport
