package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestReadMessage(t *testing.T) {
	body1 := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`
	body2 := `{"jsonrpc":"2.0","method":"initialized","params":{"é":"😀"}}`
	in := "Content-Length: " + itoa(len(body1)) + "\r\n\r\n" + body1 +
		"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: " + itoa(len(body2)) + "\r\n\r\n" + body2
	r := bufio.NewReader(strings.NewReader(in))
	m, err := readMessage(r)
	if err != nil || m.Method != "initialize" || string(m.ID) != "1" {
		t.Fatalf("first message: %+v, %v", m, err)
	}
	m, err = readMessage(r)
	if err != nil || m.Method != "initialized" || len(m.ID) != 0 {
		t.Fatalf("second message: %+v, %v", m, err)
	}
	if _, err := readMessage(r); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last message: %v, want io.EOF", err)
	}

	for _, bad := range []string{
		"Content-Type: x\r\n\r\n{}",            // no length
		"Content-Length: -3\r\n\r\n{}",         // negative
		"Content-Length: 10\r\n\r\n{}",         // short body
		"Content-Length: 999999999999\r\n\r\n", // too long
	} {
		if _, err := readMessage(bufio.NewReader(strings.NewReader(bad))); err == nil {
			t.Errorf("readMessage(%q): no error", bad)
		}
	}
	var re *rpcError
	if _, err := readMessage(bufio.NewReader(strings.NewReader("Content-Length: 3\r\n\r\n{x}"))); !errors.As(err, &re) || re.Code != codeParseError {
		t.Errorf("body that is not JSON: %v, want a parse error", err)
	}
}

func TestWriterReply(t *testing.T) {
	var buf bytes.Buffer
	w := &writer{w: &buf}
	if err := w.reply(json.RawMessage("7"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.reply(json.RawMessage(`"a"`), nil, &rpcError{Code: codeMethodNotFound, Message: "no"}); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&buf)
	m, err := readMessage(r)
	if err != nil || string(m.ID) != "7" || string(m.Result) != "null" || m.Error != nil {
		t.Fatalf("reply with a null result: %+v, %v", m, err)
	}
	m, err = readMessage(r)
	if err != nil || m.Error == nil || m.Error.Code != codeMethodNotFound || m.Result != nil {
		t.Fatalf("error reply: %+v, %v", m, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
