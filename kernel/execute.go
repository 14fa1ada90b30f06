package kernel

import (
	"context"
	"errors"
	"strings"

	"trigo/kernel/display"
	"trigo/kernel/exec"
)

// executeRequest is the content of an execute_request.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// execute runs a cell: execute_input, the cell's streams and displays, then
// execute_result or error on iopub, and the execute_reply.
func execute(k *Kernel, r *request) {
	var req executeRequest
	if err := r.content(&req); err != nil {
		k.reply(r, "execute_reply", errorContent("BadRequest", err.Error(), nil, k.execCount))
		return
	}
	in := k.interpreter()
	if in == nil {
		k.reply(r, "execute_reply", errorContent("KernelError", "the interpreter did not start", nil, k.execCount))
		return
	}
	if page, ok := k.help(in, req.Code); ok {
		// "strings.Fields?" pages the symbol's documentation, as in IPython.
		if !req.Silent {
			k.execCount++
		}
		k.reply(r, "execute_reply", map[string]any{
			"status": "ok", "execution_count": k.execCount, "user_expressions": map[string]any{},
			"payload": []any{map[string]any{"source": "page", "data": page, "start": 0}},
		})
		return
	}
	store := req.StoreHistory == nil || *req.StoreHistory
	if req.Silent {
		store = false
	}
	if store {
		k.execCount++
	}
	count := k.execCount
	if !req.Silent {
		k.publish(r.msg, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}

	k.parent.Store(r.msg)
	k.allowStdin.Store(req.AllowStdin)
	ctx, cancel := context.WithCancel(k.ctx)
	k.mu.Lock()
	k.cellCtx, k.cancel = ctx, cancel
	k.mu.Unlock()

	// The cell's context stays the interruptible one until the reply is
	// sent: user_expressions run on it too.
	defer func() {
		k.mu.Lock()
		k.cellCtx, k.cancel = nil, nil
		k.mu.Unlock()
		cancel()
	}()
	res, err := in.Execute(ctx, req.Code)
	k.allowStdin.Store(false)

	var e *exec.Error
	if err != nil && !errors.As(err, &e) {
		e = &exec.Error{Name: "InternalError", Value: err.Error(), Traceback: []string{err.Error()}}
	}
	if e != nil {
		if e.Traceback == nil {
			e.Traceback = []string{e.Name + ": " + e.Value}
		}
		content := errorContent(e.Name, e.Value, e.Traceback, count)
		k.publish(r.msg, "error", map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": e.Traceback})
		k.reply(r, "execute_reply", content)
		if store {
			k.hist.add(count, req.Code, "")
		}
		r.abort = req.StopOnError == nil || *req.StopOnError
		return
	}
	output := ""
	if res.Data != nil && !req.Silent {
		k.publish(r.msg, "execute_result", map[string]any{
			"execution_count": count,
			"data":            res.Data,
			"metadata":        map[string]any{},
		})
		output = res.Data.Text()
	}
	if store {
		k.hist.add(count, req.Code, output)
	}
	k.reply(r, "execute_reply", map[string]any{
		"status":           "ok",
		"execution_count":  count,
		"payload":          []any{},
		"user_expressions": k.userExpressions(ctx, in, req.UserExpressions),
	})
}

// userExpressions evaluates the expressions a front-end asked for along
// with a cell.
func (k *Kernel) userExpressions(ctx context.Context, in *exec.Interp, exprs map[string]string) map[string]any {
	out := map[string]any{}
	for name, expr := range exprs {
		res, err := in.Execute(ctx, expr)
		var e *exec.Error
		switch {
		case errors.As(err, &e):
			out[name] = errorContent(e.Name, e.Value, e.Traceback, 0)
		case err != nil:
			out[name] = errorContent("InternalError", err.Error(), nil, 0)
		default:
			data := res.Data
			if data == nil {
				data = display.Bundle{display.MIMEText: ""}
			}
			out[name] = map[string]any{"status": "ok", "data": data, "metadata": map[string]any{}}
		}
	}
	return out
}

// help recognises a cell that is one symbol followed (or preceded) by "?"
// and returns its documentation.
func (k *Kernel) help(in *exec.Interp, code string) (display.Bundle, bool) {
	c := strings.TrimSpace(code)
	switch {
	case strings.HasSuffix(c, "?"):
		c = strings.TrimSuffix(c, "?")
	case strings.HasPrefix(c, "?"):
		c = strings.TrimPrefix(c, "?")
	default:
		return nil, false
	}
	if c == "" || strings.ContainsAny(c, " \t\n(){}[];:=\"'`?") {
		return nil, false
	}
	b, found := in.Inspect(c, len(c))
	if !found {
		b = display.Bundle{display.MIMEText: "no documentation found for " + c}
	}
	return b, true
}

func errorContent(ename, evalue string, traceback []string, count int) map[string]any {
	if traceback == nil {
		traceback = []string{}
	}
	c := map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": traceback}
	if count > 0 {
		c["execution_count"] = count
	}
	return c
}
