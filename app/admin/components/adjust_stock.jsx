import React, { useState } from 'react'
import { ApiClient } from 'adminjs'
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system'

const api = new ApiClient()

/**
 * "Adjust stock" (staff): units added or removed with a reason, run as a
 * stock movement (a guarded update, audited with the levels before and
 * after). The product form never writes stock, so a form opened before a
 * sale cannot undo it.
 */
const AdjustStock = ({ record, resource }) => {
  const [stock, setStock] = useState(record.params.stock)
  const [delta, setDelta] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(null)
  const [error, setError] = useState(null)

  const submit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: 'adjustStock',
        data: { delta, reason },
      })
      const notice = response.data.notice
      if (notice && notice.type === 'error') {
        setError(notice.message)
      } else {
        setStock(response.data.record.params.stock)
        setDone(notice ? notice.message : 'Stock adjusted')
        setDelta('')
        setReason('')
      }
    } catch {
      setError('The adjustment failed: try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Box variant="card" data-testid="adjust-stock">
      <Text mb="lg">
        <strong>{record.params.name}</strong>: {stock} in stock. Add units (for example 20) or
        remove them (for example -3), with a reason; the audit log keeps both levels.
      </Text>
      {done && <MessageBox mb="lg" variant="success" message={done} />}
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      <form onSubmit={submit}>
        <FormGroup>
          <Label htmlFor="stock-delta">Units to add (negative to remove)</Label>
          <Input
            id="stock-delta"
            name="delta"
            inputMode="numeric"
            value={delta}
            onChange={(event) => setDelta(event.target.value)}
          />
        </FormGroup>
        <FormGroup>
          <Label htmlFor="stock-reason">Reason</Label>
          <Input
            id="stock-reason"
            name="reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </FormGroup>
        <Button type="submit" variant="contained" disabled={busy}>
          Adjust stock
        </Button>
      </form>
    </Box>
  )
}

export default AdjustStock
