package notify

import "testing"

import "context"

// fakeUsers is a test double: it implements UserRepo without a query.
type fakeUsers struct{}

func (fakeUsers) Language(context.Context, string) (string, error) { return "en", nil }

func TestService(t *testing.T) {
	s := &Service{users: fakeUsers{}}
	if s.users == nil {
		t.Fatal("no users")
	}
}
